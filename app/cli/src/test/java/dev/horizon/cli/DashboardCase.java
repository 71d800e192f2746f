package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the dashboard's browser tests share: one {@link DashboardUp} (horizon and the browser) for every case of the
 * class, started by the class, closed after its last case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardCase {

    /** Horizon and the browser on its dashboard; null until the class starts them (or when it skipped). */
    @Nullable DashboardUp up;

    @AfterAll
    void stop() throws Exception {
        if (up != null) {
            up.close();
        }
    }

    DashboardBrowser page() {
        DashboardUp u = up;
        assertThat(u).as("horizon and the browser").isNotNull();
        return u.page();
    }
}
