/** `skyport serve`: runs every service until SIGTERM/SIGINT, then shuts down gracefully. */
import type { Command } from "commander";
import { composeServer, ensureRepository } from "../compose.js";
import type { LoadedConfig } from "../config/index.js";

export function registerServeCommand(program: Command, load: () => LoadedConfig): void {
  program
    .command("serve")
    .description("serve VOSI, TAP, SIA, DataLink, SODA and HiPS over HTTP")
    .option("--host <host>", "listen address (overrides server.host)")
    .option("--port <port>", "listen port (overrides server.port)")
    .action(async (opts: { host?: string; port?: string }) => {
      const { config } = load();
      const butler = await ensureRepository(config, (line) => process.stderr.write(`${line}\n`));
      const server = await composeServer({
        ...config,
        server: {
          ...config.server,
          host: opts.host ?? config.server.host,
          port: opts.port !== undefined ? Number(opts.port) : config.server.port,
        },
      }, { butler });
      let signals = 0;
      const stop = (signal: string) => {
        signals++;
        if (signals > 1) {
          server.logger.warn({ signal }, "second signal: exiting now");
          process.exit(1);
        }
        server.logger.info({ signal }, "shutting down");
        server.close().then(
          () => process.exit(0),
          (e: unknown) => {
            server.logger.error({ err: e }, "shutdown failed");
            process.exit(1);
          },
        );
      };
      process.on("SIGTERM", () => stop("SIGTERM"));
      process.on("SIGINT", () => stop("SIGINT"));
      await server.listen();
    });
}
