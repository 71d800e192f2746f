package dev.horizon.cli;

import dev.horizon.admin.AdminClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How an operator verb finds the admin API of a running {@code horizon up}: {@code --admin}, else the config file. */
final class AdminOptions {

    @Option(names = "--admin", description = "admin address host:port (default: from the config file, else "
        + "127.0.0.1:9090)", defaultValue = "")
    String admin;

    @Option(names = {"-c", "--config"}, description = "configuration file to read the admin address from "
        + "(default: ${DEFAULT-VALUE})", defaultValue = "horizon.yaml")
    Path config;

    AdminClient client() {
        return AdminClient.of(admin, config);
    }
}
