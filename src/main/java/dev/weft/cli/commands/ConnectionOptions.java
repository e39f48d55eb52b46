package dev.weft.cli.commands;

import dev.weft.cli.connect.Credentials;
import dev.weft.cli.connect.EngineAddress;
import dev.weft.cli.connect.EngineConnection;
import picocli.CommandLine.Option;

/** Which engine to talk to and as whom, from flags or the environment; shared by every command. */
public final class ConnectionOptions {
    @Option(names = "--address", paramLabel = "HOST:PORT", defaultValue = "${env:WEFT_ADDRESS:-" + EngineAddress.DEFAULT + "}",
            description = "the engine's gRPC address (env WEFT_ADDRESS; default ${DEFAULT-VALUE})")
    String address;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:WEFT_TOKEN}",
            description = "sent as 'authorization: Bearer TOKEN' (env WEFT_TOKEN)")
    String token;

    @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "${env:WEFT_TENANT}",
            description = "sent as the x-weft-tenant header (env WEFT_TENANT; the engine's default: default)")
    String tenant;

    @Option(names = "--caller", paramLabel = "NAME", defaultValue = "${env:WEFT_CALLER:-${sys:user.name}}",
            description = "who you are, sent as x-weft-caller: approvals and pauses record it (env WEFT_CALLER; default your user name)")
    String caller;

    public EngineAddress engineAddress() {
        return EngineAddress.parse(address == null ? EngineAddress.DEFAULT : address);
    }

    EngineConnection open() {
        return new EngineConnection(engineAddress(), new Credentials(token, tenant, caller));
    }
}
