/** The bytes that can end a line: LF, or CR alone in logs with old-Mac line ends (line-scanner.ts). */
export const LF = 0x0a;
export const CR = 0x0d;
