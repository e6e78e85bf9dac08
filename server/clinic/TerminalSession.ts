/** Who is asking: an authenticated terminal of one clinic. Every query a terminal makes is scoped to `clinicCode`. */
export interface TerminalSession {
  clinicCode: string;
  clinicName: string;
  terminalId: string;
}
