package dev.horizon.gateway.internal.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The server name of a ClientHello to the {@link SslContext} that answers it, swapped whole on reload: a handshake
 * reads one table, a reload publishes the next, and connections already set up keep the context they got.
 *
 * <p>Matching is Netty's {@link DomainWildcardMappingBuilder}: an exact name first, then a wildcard of one label
 * ({@code *.example.com} matches {@code a.example.com}, not {@code a.b.example.com} nor {@code example.com}, as RFC
 * 6125 §6.4.3 has it), case-insensitive; no SNI or no match gives the first certificate. A name on two certificates
 * is served by the earlier one.
 */
final class SniMapping implements Mapping<@Nullable String, SslContext> {

    /** A certificate's context and the names it is chosen for. */
    record Entry(SslContext context, List<String> names) {
        Entry {
            names = List.copyOf(names);
        }
    }

    private volatile Mapping<String, SslContext> table;

    SniMapping(List<Entry> entries) {
        this.table = build(entries);
    }

    /** Serves {@code entries} to every handshake from now on. */
    void swap(List<Entry> entries) {
        table = build(entries);
    }

    @Override
    public SslContext map(@Nullable String serverName) {
        return table.map(serverName);
    }

    private static Mapping<String, SslContext> build(List<Entry> entries) {
        DomainWildcardMappingBuilder<SslContext> b = new DomainWildcardMappingBuilder<>(entries.get(0).context());
        Set<String> taken = new HashSet<>();
        for (Entry e : entries) {
            for (String name : e.names()) {
                if (taken.add(name)) {
                    b.add(name, e.context());
                }
            }
        }
        return b.build();
    }
}
