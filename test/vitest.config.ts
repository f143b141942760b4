import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Kept under test/ so the top level holds only what the project layout names.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
