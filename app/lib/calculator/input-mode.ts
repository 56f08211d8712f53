// How a result was entered: keys (or the keyboard) on the keypad, or a typed expression. Recorded
// with each saved result, so it belongs to the calculator rather than to the places that save it.
export type InputMode = "keypad" | "typed";
export const INPUT_MODES: readonly InputMode[] = ["keypad", "typed"];
