package dev.horizon.charts;

import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.util.SVGConstants;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;

/**
 * A chart as an SVG document: JFreeChart draws into Batik's SVG generator, which builds the document's elements and
 * writes them as UTF-8 XML with the styles as CSS {@code style} attributes and no DOCTYPE.
 *
 * <p>Implementation notes: Batik's {@code SVGGraphics2D} is a {@code Graphics2D} that turns each drawing call into
 * SVG elements of a DOM {@code Document} it is given (Apache XML Graphics, "SVG Generator: SVGGraphics2D",
 * https://xmlgraphics.apache.org/batik/using/svg-generator.html). That page builds the document with Batik's own
 * {@code GenericDOMImplementation}, but says any DOM will do; the generator only reads and writes
 * {@code org.w3c.dom} nodes (its classes import nothing of batik-dom), so the JDK's DOM builds it here and the
 * module needs neither batik-dom nor the xml-apis jars it brings, whose {@code org.w3c.dom} packages the JDK
 * already has. Text stays text ({@code textAsShapes} false, no embedded fonts), so the titles, axis labels and
 * legend are {@code <text>} elements a reader can search; coordinates keep two decimals, a hundredth of a pixel.
 *
 * <p>Batik's writer puts the SVG 1.0 DOCTYPE, with its external DTD, before the root element. The document goes
 * out without it, as it did before Batik: SVG 2 publishes no DTD, a viewer does not need one, and an XML reader
 * hardened against external entities (the feature {@code disallow-doctype-decl}, as the OWASP "XML External Entity
 * Prevention Cheat Sheet" advises) refuses any document that has one.
 */
final class SvgImage {

    /** What the document starts with: the declaration of its encoding, before the root element. */
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    /** Decimals of each coordinate: a hundredth of a pixel. */
    private static final int PRECISION = 2;

    private SvgImage() {
    }

    /** Draws {@code chart} as an SVG of {@code width} by {@code height} pixels into {@code out} as UTF-8. */
    static void write(JFreeChart chart, int width, int height, OutputStream out) throws IOException {
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document());
        context.setEmbeddedFontsOn(false);
        context.setPrecision(PRECISION);
        SVGGraphics2D svg = new SVGGraphics2D(context, false);
        svg.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(svg, new Rectangle2D.Double(0, 0, width, height));
        StringWriter text = new StringWriter();
        svg.stream(text, true);
        svg.dispose();
        out.write(withoutDoctype(text.toString()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code document} with {@link #DECLARATION} in place of what comes before its root element. */
    static String withoutDoctype(String document) {
        int root = document.indexOf("<" + SVGConstants.SVG_SVG_TAG);
        if (root < 0) {
            throw new IllegalStateException("the SVG generator wrote no <svg> element");
        }
        return DECLARATION + document.substring(root) + (document.endsWith("\n") ? "" : "\n");
    }

    private static Document document() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                .createDocument(SVGConstants.SVG_NAMESPACE_URI, SVGConstants.SVG_SVG_TAG, null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot build a document: " + e.getMessage(), e);
        }
    }
}
