import { useCallback, useEffect, useReducer, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent } from "react";
import { SaveStatus } from "~/components/history/SaveStatus";
import { useNonce } from "~/lib/nonce";
import { EARLY_KEYS_SCRIPT, takeEarlyKeys } from "./early-keys";
import { useHistorySaver, type PendingSave } from "~/components/history/useHistorySaver";
import {
  characterRefusal,
  enterExpression,
  keyRefusal,
  KEY_LABELS,
  KEYBOARD_SHORTCUTS,
  keyFromKeyboard,
  lastEvaluation,
  press,
  calculatorView,
  type CalculatorState,
  type Key,
} from "~/lib/calculator";

type Action = { type: "press"; key: Key } | { type: "expression"; expression: string };

function reducer(state: CalculatorState, action: Action): CalculatorState {
  return action.type === "press" ? press(state, action.key) : enterExpression(state, action.expression);
}

// Rows of the keypad; "=" spans two rows at the end.
const layout: Key[][] = [
  ["memory-clear", "memory-recall", "memory-add", "memory-subtract"],
  ["all-clear", "clear", "backspace", "/"],
  ["(", ")", "%", "*"],
  ["7", "8", "9", "-"],
  ["4", "5", "6", "+"],
  ["1", "2", "3", "="],
  ["negate", "0", "."],
];

/**
 * A key's accessible name starts with what it shows when that is a word people can say ("AC",
 * "MC", "M+"), so voice control finds it by its label (WCAG 2.5.3); symbols keep their spoken name.
 */
export function accessibleName(key: Key): string {
  const { label, name } = KEY_LABELS[key];
  if (label === name) return name;
  return /^[A-Z]/.test(label) ? `${label} ${name}` : name;
}

/**
 * The display always shows the whole value: the font shrinks as the text grows (the engine
 * already switches to exponent notation past 16 digits, "9.75461057985e+31", and the exponent is
 * never cut), and anything still too wide wraps rather than being cut with an ellipsis. Errors
 * are sentences: smaller, wrapping between words.
 */
export function displaySize(text: string, error: boolean): string {
  if (error) return "text-xl";
  if (text.length <= 10) return "text-4xl";
  if (text.length <= 14) return "text-3xl";
  if (text.length <= 19) return "text-2xl";
  return "text-xl";
}

/** The key an arrow moves to from `key`: "=" fills two cells, the last row has three keys. */
export function keyInDirection(key: Key, arrow: string): Key | null {
  const grid: Key[][] = layout.map((row) => [...row]);
  (grid[6] as Key[])[3] = "=";
  const delta: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const step = delta[arrow];
  if (!step) return null;
  const rowIndex = grid.findIndex((row) => row.includes(key));
  let row = rowIndex;
  let column = (grid[rowIndex] as Key[]).indexOf(key);
  for (;;) {
    row += step[0];
    column += step[1];
    const next = grid[row]?.[column];
    if (next === undefined) return null;
    if (next !== key) return next;
  }
}

function keyStyle(key: Key): string {
  if (key === "=") return "row-span-2 bg-primary text-on-primary hover:bg-primary-strong";
  if (/^[0-9.]$/.test(key) || key === "negate") return "bg-white text-slate-900 hover:bg-slate-50 dark:bg-slate-600 dark:text-white dark:hover:bg-slate-500";
  if (key.startsWith("memory")) return "bg-slate-200 text-sm text-slate-900 hover:bg-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";
  return "bg-slate-100 text-slate-900 hover:bg-slate-200 dark:bg-slate-700 dark:text-white dark:hover:bg-slate-600";
}

/** What to announce after a memory key: the new memory value (the display does not show it). */
function memoryNotice(state: CalculatorState, key: Key): string | null {
  if (key === "memory-clear") return "Memory cleared";
  if (key !== "memory-add" && key !== "memory-subtract") return null;
  const next = press(state, key);
  return next.mode === "error" ? null : `Memory: ${calculatorView(next).memory ?? "0"}`;
}

/**
 * The keypad is a real form: with JavaScript off each key posts the state to the server, which
 * answers with the next state (and saves a result to the history). With JavaScript on the same
 * engine runs here, with no request per key; a result ("=" or a typed expression) is saved by a
 * background request that the key press never waits for.
 */
export function Calculator({
  initial,
  formError,
  saveNotice = null,
  initialHint = null,
  focus = null,
  onEvaluated,
}: {
  initial: CalculatorState;
  formError: string | null;
  saveNotice?: string | null;
  /** Why the last key did nothing (from the server, with JavaScript off). */
  initialHint?: string | null;
  /** With JavaScript off, the key pressed on the previous page (or the field) keeps focus. */
  focus?: Key | "expression" | null;
  /** Called with each new result (not for a state the page started with). */
  onEvaluated?: (result: { expression: string; result: string }) => void;
}) {
  const [state, reduce] = useReducer(reducer, initial);
  // Why the last key or character was refused: shown and announced, never silence.
  const [hint, setHint] = useState<string | null>(initialHint);
  // What just happened that the display does not show: memory changed, copied, pasted.
  const [notice, setNotice] = useState<string | null>(null);
  const stateRef = useRef(state);
  const [hydrated, setHydrated] = useState(false);
  const nonce = useNonce();
  const helpDialog = useRef<HTMLDialogElement>(null);
  const openHelp = useCallback(() => {
    if (!helpDialog.current?.open) helpDialog.current?.showModal();
  }, []);
  useEffect(() => setHydrated(true), []);
  stateRef.current = state;
  const shown = calculatorView(state);
  const serialized = JSON.stringify(state);
  const expressionInput = useRef<HTMLInputElement>(null);
  const saver = useHistorySaver();
  // How the next state was asked for; null for a state nobody just computed (the initial one).
  const inputOfNextState = useRef<PendingSave["input"] | null>(null);
  // Where focus goes after a key was clicked, or typed while a key had focus, so that Enter then
  // means "=" rather than pressing that key again.
  const calculatorRegion = useRef<HTMLElement>(null);

  const dispatch = useCallback((action: Action) => {
    inputOfNextState.current = action.type === "press" ? "keypad" : "typed";
    const refusal = action.type === "press" ? keyRefusal(stateRef.current, action.key) : null;
    setHint(refusal);
    setNotice(action.type === "press" && !refusal ? memoryNotice(stateRef.current, action.key) : null);
    reduce(action);
  }, []);

  // Copy puts the plain number on the clipboard (the button, or Ctrl/Cmd+C with nothing selected).
  const copied = useCallback((text: string | null) => {
    if (text === null) setHint("Nothing to copy: the display shows an error");
    else setNotice(`Copied ${text}`);
  }, []);
  const onCopyClick = useCallback(() => {
    const text = calculatorView(stateRef.current).copyText;
    if (text === null) return copied(null);
    navigator.clipboard.writeText(text).then(
      () => copied(text),
      () => setHint("The browser did not allow copying: select the number and copy it"),
    );
  }, [copied]);

  useEffect(() => {
    const mine = (target: EventTarget | null) =>
      !(target instanceof Element && target.closest("input, textarea, select, [contenteditable]"));
    function onCopy(event: ClipboardEvent) {
      if (!mine(event.target) || (window.getSelection()?.toString() ?? "") !== "") return;
      event.preventDefault();
      const text = calculatorView(stateRef.current).copyText;
      if (text !== null) event.clipboardData?.setData("text/plain", text);
      copied(text);
    }
    // A pasted expression goes to the field, to check and then calculate with Enter.
    function onPaste(event: ClipboardEvent) {
      if (!mine(event.target)) return;
      const text = (event.clipboardData?.getData("text/plain") ?? "").trim().slice(0, 1000);
      const field = expressionInput.current;
      if (!text || !field) return;
      event.preventDefault();
      const refusal = Array.from(text).map(characterRefusal).find((message) => message !== null) ?? null;
      if (refusal) {
        setHint(`Not pasted: ${refusal}`);
        return;
      }
      field.value = text;
      field.focus();
      setHint(null);
      setNotice(`Pasted ${text} into the expression field: press Enter to calculate`);
    }
    document.addEventListener("copy", onCopy);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
    };
  }, [copied]);

  const { save } = saver;
  useEffect(() => {
    const input = inputOfNextState.current;
    inputOfNextState.current = null;
    const evaluation = input ? lastEvaluation(state) : null;
    // Only the expression goes: the server evaluates it again and keeps its own result.
    if (input && evaluation) {
      save({ expression: evaluation.expression, input });
      onEvaluated?.(evaluation);
    }
  }, [state, save, onEvaluated]);

  const onKeypadSubmit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const submitter = (event.nativeEvent as SubmitEvent).submitter;
      if (submitter instanceof HTMLButtonElement) dispatch({ type: "press", key: submitter.value as Key });
    },
    [dispatch],
  );

  // Arrow keys move between the keypad's keys (a grid, like the keypad looks).
  const onKeypadKeyDown = useCallback((event: ReactKeyboardEvent<HTMLFormElement>) => {
    const button = event.target instanceof HTMLButtonElement ? event.target : null;
    if (!button || !event.key.startsWith("Arrow")) return;
    const next = keyInDirection(button.value as Key, event.key);
    if (!next) return;
    event.preventDefault();
    event.currentTarget.querySelector<HTMLButtonElement>(`button[value="${CSS.escape(next)}"]`)?.focus();
  }, []);

  // A key clicked with a pointer hands focus to the calculator, so that a later Enter means "="
  // instead of clicking that key again (keyboard activation reports detail 0 and keeps focus).
  const onKeypadClick = useCallback((event: MouseEvent<HTMLFormElement>) => {
    if (event.detail > 0 && (event.target as Element).closest("button")) calculatorRegion.current?.focus({ preventScroll: true });
  }, []);

  const onExpressionSubmit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const input = expressionInput.current;
      if (!input) return;
      dispatch({ type: "expression", expression: input.value });
      input.value = "";
    },
    [dispatch],
  );

  // The typed field takes the same characters as the engine; any other one is refused with a hint
  // (typed or pasted), rather than failing later as an error.
  useEffect(() => {
    const field = expressionInput.current;
    if (!field) return undefined;
    function onBeforeInput(event: InputEvent) {
      const refusal = Array.from(event.data ?? "").map(characterRefusal).find((message) => message !== null) ?? null;
      if (refusal) event.preventDefault();
      setHint(refusal);
    }
    field.addEventListener("beforeinput", onBeforeInput);
    return () => field.removeEventListener("beforeinput", onBeforeInput);
  }, []);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return; // leave browser shortcuts alone
      const target = event.target instanceof Element ? event.target : null;
      // Typing in a field, or any control outside the keypad (links, nav, dialogs): theirs.
      if (target?.closest("input, textarea, select, [contenteditable], dialog")) return;
      const onKeypadKey = Boolean(target?.closest("[data-keypad] button"));
      const onOtherControl = Boolean(target?.closest("a, button, summary, [role=button], [role=link]")) && !onKeypadKey;
      if (onOtherControl && (event.key === "Enter" || event.key === " ")) return;
      // Enter or Space on a keypad key that keyboard focus reached activates that key (a clicked
      // key does not keep focus: see onKeypadClick).
      if (onKeypadKey && (event.key === "Enter" || event.key === " ")) return;
      const key = keyFromKeyboard(event.key);
      if (!key) {
        if (event.key.length !== 1 || event.key === " ") return;
        event.preventDefault();
        if (event.key === "?") {
          openHelp();
          return;
        }
        const field = expressionInput.current;
        const current = stateRef.current;
        // "1e5" works everywhere: the keypad has no exponent key, so the number moves to the field.
        if ((event.key === "e" || event.key === "E") && field && current.mode === "input" && /[0-9.]$/.test(current.input)) {
          field.value = `${current.input}e`;
          field.focus();
          setHint("Finish the exponent in the expression field, then press Enter");
          return;
        }
        setHint(characterRefusal(event.key) ?? "e goes after a number, as in 1e5");
        return;
      }
      event.preventDefault();
      // A typed key moves focus off a previously clicked key: Enter is "=" from now on.
      if (onKeypadKey) calculatorRegion.current?.focus({ preventScroll: true });
      dispatch({ type: "press", key });
    }
    window.addEventListener("keydown", onKeyDown);
    for (const early of takeEarlyKeys()) {
      const key = keyFromKeyboard(early);
      if (key) dispatch({ type: "press", key });
      else setHint(characterRefusal(early));
    }
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [dispatch, openHelp]);

  return (
    <section
      ref={calculatorRegion}
      tabIndex={-1}
      aria-label="Calculator"
      className="mx-auto max-w-sm rounded-2xl bg-slate-800 p-4 shadow-xl focus:outline-none dark:bg-slate-900 dark:ring-1 dark:ring-slate-700"
    >
      <div className="mb-4 rounded-lg bg-slate-900 px-4 py-3 dark:bg-black text-right">
        <div className="flex justify-between text-xs text-slate-300">
          <span data-testid="memory">
            {shown.memory ? (
              <>
                <span aria-hidden="true">M </span>
                <span className="sr-only">Memory: </span>
                {shown.memory}
              </>
            ) : null}
          </span>
          <span data-testid="expression" className="min-w-0 [overflow-wrap:anywhere]">
            {shown.expression || "\u00a0"}
          </span>
        </div>
        <output
          data-testid="display"
          aria-live="polite"
          aria-atomic="true"
          className={`block font-mono leading-tight [overflow-wrap:anywhere] ${displaySize(shown.display, Boolean(shown.error))} ${shown.error ? "text-red-300" : "text-white"}`}
        >
          {shown.display}
        </output>
        {formError ? (
          <p role="alert" className="mt-1 text-sm text-red-300">
            {formError}
          </p>
        ) : null}
        <p role="status" data-testid="hint" className="mt-1 text-sm text-amber-200">
          {hint ?? ""}
        </p>
        <div className="mt-1 flex items-center justify-between gap-2">
          <p role="status" data-testid="notice" className="min-w-0 text-left text-sm text-slate-300 [overflow-wrap:anywhere]">
            {notice ?? ""}
          </p>
          {/* No copying without JavaScript: the button only appears once it can work. */}
          {hydrated ? (
            <button
              type="button"
              onClick={onCopyClick}
              className="shrink-0 rounded bg-slate-700 px-2 py-1 text-sm text-white hover:bg-slate-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-focus"
            >
              Copy
            </button>
          ) : null}
        </div>
        {saveNotice ? (
          <p role="status" className="mt-1 text-sm text-amber-200">
            {saveNotice}
          </p>
        ) : null}
      </div>

      <form method="post" action="/?index" onSubmit={onKeypadSubmit} onClick={onKeypadClick} onKeyDown={onKeypadKeyDown} data-keypad className="grid grid-cols-4 gap-2">
        <input type="hidden" name="state" value={serialized} />
        {layout.flat().map((key) => (
          <button
            key={key}
            type="submit"
            name="key"
            value={key}
            aria-label={accessibleName(key)}
            // Focus returns to the key just pressed (JavaScript off).
            autoFocus={focus === key}
            className={`min-h-14 rounded-lg text-xl font-medium shadow-sm focus:outline-none focus-visible:ring-4 focus-visible:ring-focus ${keyStyle(key)}`}
          >
            {KEY_LABELS[key].label}
          </button>
        ))}
      </form>

      <form method="post" action="/?index" onSubmit={onExpressionSubmit} className="mt-4 flex gap-2">
        <input type="hidden" name="state" value={serialized} />
        <label htmlFor="expression" className="sr-only">
          Type an expression
        </label>
        <input
          ref={expressionInput}
          autoFocus={focus === "expression"}
          id="expression"
          name="expression"
          maxLength={1000}
          autoComplete="off"
          placeholder="Type an expression, e.g. (2+3)×4"
          className="min-w-0 flex-1 rounded-lg bg-white px-3 py-2 text-slate-900 placeholder:text-slate-600 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-300"
        />
        <button type="submit" className="rounded-lg bg-primary px-4 py-2 font-medium text-on-primary hover:bg-primary-strong">
          Evaluate
        </button>
      </form>
      <SaveStatus failedCount={saver.failedCount} onRetry={saver.retry} />
      {hydrated ? (
        <button
          type="button"
          onClick={openHelp}
          className="mt-3 text-sm text-slate-300 underline hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-focus"
        >
          Keyboard shortcuts (?)
        </button>
      ) : null}
      {/* Runs as the page is parsed, before the app's scripts: see early-keys.ts. */}
      <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: EARLY_KEYS_SCRIPT }} />
      <dialog
        ref={helpDialog}
        aria-labelledby="shortcuts-title"
        className="m-auto max-w-md rounded-lg bg-surface p-5 text-ink shadow-xl backdrop:bg-black/50"
      >
        <h2 id="shortcuts-title" className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="pb-1 pr-3">Key</th>
              <th scope="col" className="pb-1">Does</th>
            </tr>
          </thead>
          <tbody>
            {KEYBOARD_SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys} className="border-t border-line">
                <td className="py-1 pr-3 font-mono whitespace-nowrap">{shortcut.keys}</td>
                <td className="py-1 text-ink-muted">{shortcut.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="dialog" className="mt-4 text-right">
          <button type="submit" className="rounded bg-primary px-3 py-1 text-sm font-medium text-on-primary hover:bg-primary-strong">
            Close
          </button>
        </form>
      </dialog>
    </section>
  );
}
