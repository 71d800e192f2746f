package dev.horizon.demo;

/**
 * A product of the catalogue.
 *
 * @param sku stock keeping unit, the key
 * @param name display name
 * @param priceCents price in cents
 */
public record Product(String sku, String name, long priceCents) {
}
