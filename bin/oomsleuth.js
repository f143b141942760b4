#!/usr/bin/env node
// Thin entry: everything lives in the compiled library (npm install runs the build via `prepare`).
import { main } from "../dist/src/cli.js";

main(process.argv).then((code) => { process.exitCode = code; });
