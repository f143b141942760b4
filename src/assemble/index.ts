export { createAssembler, type Assembler, type AssemblerOptions } from "./assembler.js";
