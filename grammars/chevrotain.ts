/**
 * Chevrotain, loaded from the single-file ESM bundle its package ships (`lib/chevrotain.mjs`) instead
 * of its module tree (`lib/src/api.js`, which pulls in some 600 lodash-es files). Same package, same
 * version, same code; importing it takes ~20 ms instead of ~265 ms, most of the CLI's start-up
 * (`dmesg | oomsleuth` must answer in 200 ms). Every grammar imports Chevrotain from here.
 */
import type * as Api from "chevrotain";

async function load(): Promise<typeof Api> {
  try {
    const entry = import.meta.resolve("chevrotain");
    if (entry.endsWith("/lib/src/api.js")) return (await import(new URL("../chevrotain.mjs", entry).href)) as typeof Api;
  } catch {
    // no import.meta.resolve (some test runners): the module tree below works all the same
  }
  return import("chevrotain");
}

const chevrotain = await load();

export const { createToken, Lexer, EmbeddedActionsParser } = chevrotain;
export type { IToken, TokenType } from "chevrotain";
export type Lexer = Api.Lexer;
export type EmbeddedActionsParser = Api.EmbeddedActionsParser;
