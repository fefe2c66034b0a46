// `node dist/kernel/main.js CONNECTION_FILE`: how Jupyter starts the gradlab kernel (see kernelspec.ts).
import { readConnection } from "./connection";
import { Kernel } from "./kernel";

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: node dist/kernel/main.js CONNECTION_FILE (Jupyter passes it)\n");
    process.exit(2);
  }
  await new Kernel(readConnection(file)).start();
}

main().catch((err: unknown) => {
  process.stderr.write(
    `gradlab kernel failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
