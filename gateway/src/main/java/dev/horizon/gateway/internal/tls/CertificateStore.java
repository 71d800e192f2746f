package dev.horizon.gateway.internal.tls;

import dev.horizon.gateway.CertificateStatus;
import dev.horizon.gateway.TlsConfig;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The certificates the TLS listener serves now and the files they came from. {@link #reload} reads every file again,
 * checks each pair ({@link ServedCertificate#load}) and only when all pass swaps the {@link SniMapping} for new
 * handshakes; a bad pair is refused with its message and the certificates before keep serving. Connections already
 * set up are never touched: each holds the context it was handshaken with.
 *
 * <p>{@link #changed} compares each file's modification time and size with those seen at the last load, for the
 * poll that reloads on a changed file (Envoy watches its certificate files the same way; a poll also sees a
 * Kubernetes secret's symlink swap, which a watch on the directory may miss).
 */
public final class CertificateStore {

    private static final System.Logger LOG = System.getLogger(CertificateStore.class.getName());

    private final TlsEngine engine;
    private final InstantSource clock;
    private final TicketKeys tickets;
    private TlsConfig config;
    private List<ServedCertificate> served;
    private List<SslContext> contexts;
    private List<Stamp> stamps;
    private final SniMapping mapping;

    /** A file's modification time and size when it was last read. */
    private record Stamp(Path file, long modified, long size) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(file, a.lastModifiedTime().toMillis(), a.size());
            } catch (IOException e) {
                return new Stamp(file, -1, -1);
            }
        }
    }

    /**
     * Loads {@code config}'s certificates.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    CertificateStore(TlsConfig config, TlsEngine engine, InstantSource clock, TicketKeys tickets) {
        this.engine = engine;
        this.clock = clock;
        this.tickets = tickets;
        this.config = config;
        List<Stamp> before = stamps(config);
        this.served = loadAll(config);
        this.contexts = contexts(config, served);
        this.stamps = before;
        this.mapping = new SniMapping(entries(served, contexts));
        served.forEach(c -> c.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, "tls: " + w)));
    }

    TlsEngine engine() {
        return engine;
    }

    SniMapping mapping() {
        return mapping;
    }

    /** Whether a certificate or key file changed since it was last read. */
    synchronized boolean changed() {
        return !stamps.equals(stamps(config));
    }

    /**
     * Reads {@code next}'s certificate files and serves them when every one passes its checks.
     *
     * @throws IllegalArgumentException naming the refused file; the certificates before keep serving
     */
    synchronized void reload(TlsConfig next) {
        List<Stamp> before = stamps(next);
        List<ServedCertificate> loaded;
        List<SslContext> built;
        try {
            loaded = loadAll(next);
            built = contexts(next, loaded);
        } catch (IllegalArgumentException e) {
            stamps = before; // the same bad files are not read again every poll; a new change is
            throw e;
        }
        mapping.swap(entries(loaded, built));
        List<SslContext> old = contexts;
        config = next;
        served = loaded;
        contexts = built;
        stamps = before;
        old.forEach(ReferenceCountUtil::release); // open connections hold their own reference to their engine
        loaded.forEach(c -> c.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, "tls: " + w)));
    }

    /** Installs a new encrypting ticket key in every context; tickets under the previous key still resume. */
    synchronized void rotateTicketKeys() {
        tickets.rotate();
        OpenSslSessionTicketKey[] keys = tickets.current().toArray(new OpenSslSessionTicketKey[0]);
        for (SslContext c : contexts) {
            if (c.sessionContext() instanceof OpenSslSessionContext openSsl) {
                openSsl.setTicketKeys(keys);
            }
        }
    }

    /** The certificates served now, in configuration order. */
    synchronized List<CertificateStatus> status() {
        return served.stream().map(ServedCertificate::status).toList();
    }

    /** Releases every context; the store serves nothing after. */
    synchronized void close() {
        contexts.forEach(ReferenceCountUtil::release);
    }

    private List<ServedCertificate> loadAll(TlsConfig c) {
        List<ServedCertificate> out = new ArrayList<>();
        for (TlsConfig.Certificate files : c.certificates()) {
            out.add(ServedCertificate.load(files, clock.instant()));
        }
        if (c.clientCa() != null) {
            PemFiles.certificates(Objects.requireNonNull(c.clientCa()));
        }
        return out;
    }

    private List<SslContext> contexts(TlsConfig c, List<ServedCertificate> certificates) {
        List<SslContext> out = new ArrayList<>();
        try {
            for (ServedCertificate s : certificates) {
                out.add(engine.server(c, s, tickets));
            }
        } catch (IllegalArgumentException e) {
            out.forEach(ReferenceCountUtil::release);
            throw e;
        }
        return out;
    }

    private static List<SniMapping.Entry> entries(List<ServedCertificate> certificates, List<SslContext> contexts) {
        List<SniMapping.Entry> out = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            out.add(new SniMapping.Entry(contexts.get(i), certificates.get(i).names()));
        }
        return out;
    }

    private static List<Stamp> stamps(TlsConfig c) {
        List<Stamp> out = new ArrayList<>();
        for (TlsConfig.Certificate files : c.certificates()) {
            out.add(Stamp.of(files.cert()));
            out.add(Stamp.of(files.key()));
        }
        if (c.clientCa() != null) {
            out.add(Stamp.of(Objects.requireNonNull(c.clientCa())));
        }
        return out;
    }
}
