package dev.horizon.gateway.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.TcpListener;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which listener on an address takes a connection, by the server name of its ClientHello. */
class ListenerTableTest {

    private static final InetSocketAddress TLS = new InetSocketAddress("127.0.0.1", 8443);
    private static final InetSocketAddress PLAIN = new InetSocketAddress("127.0.0.1", 6380);

    private static final TcpListener DB = TcpListener.of("db", TLS, "pg").withSni("db.example.com");
    private static final TcpListener ANY = TcpListener.of("any", TLS, "web").withSni("*.example.com");
    private static final TcpListener REST = TcpListener.of("rest", TLS, "web");
    private static final TcpListener CACHE = TcpListener.of("cache", PLAIN, "redis").withSplice(true);

    private final ListenerTable table = new ListenerTable(List.of(ANY, DB, REST, CACHE));

    @Test
    void anExactNameWinsOverAWildcardListedBeforeIt() {
        assertThat(table.choose(TLS, "db.example.com")).isSameAs(DB);
    }

    @Test
    void namesCompareCaseInsensitively() {
        assertThat(table.choose(TLS, "DB.Example.COM")).isSameAs(DB);
        assertThat(table.choose(TLS, "Shop.EXAMPLE.com")).isSameAs(ANY);
    }

    @Test
    void aWildcardCoversOneLabelOnly() {
        assertThat(table.choose(TLS, "shop.example.com")).isSameAs(ANY);
        assertThat(table.choose(TLS, "a.shop.example.com")).isSameAs(REST);
        assertThat(table.choose(TLS, "example.com")).isSameAs(REST);
    }

    @Test
    void noNameOrAnUnmatchedNameGoesToTheListenerWithoutSni() {
        assertThat(table.choose(TLS, null)).isSameAs(REST);
        assertThat(table.choose(TLS, "other.org")).isSameAs(REST);
    }

    @Test
    void withoutADefaultListenerAnUnmatchedNameIsTakenByNone() {
        ListenerTable onlySni = new ListenerTable(List.of(DB, ANY));

        assertThat(onlySni.choose(TLS, "other.org")).isNull();
        assertThat(onlySni.choose(TLS, null)).isNull();
        assertThat(onlySni.choose(TLS, "db.example.com")).isSameAs(DB);
    }

    @Test
    void anAddressWithoutListenersTakesNothing() {
        assertThat(table.choose(new InetSocketAddress("127.0.0.1", 1), null)).isNull();
        assertThat(table.on(new InetSocketAddress("127.0.0.1", 1))).isEmpty();
    }

    @Test
    void groupsByAddressInFileOrderAndSaysWhichNeedAServerNameOrSplice() {
        assertThat(table.addresses()).containsExactlyInAnyOrder(TLS, PLAIN);
        assertThat(table.on(TLS)).containsExactly(ANY, DB, REST);
        assertThat(table.on(PLAIN)).containsExactly(CACHE);
        assertThat(table.readsServerName(TLS)).isTrue();
        assertThat(table.readsServerName(PLAIN)).isFalse();
        assertThat(table.splices(TLS)).isFalse();
        assertThat(table.splices(PLAIN)).isTrue();
        assertThat(table.choose(PLAIN, "db.example.com")).isSameAs(CACHE);
    }
}
