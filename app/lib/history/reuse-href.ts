// The "use again" link, on its own so the history page's browser code does not pull in the engine.
export const REUSE_PARAM = "expression";

export function reuseHref(expression: string): string {
  return `/?${new URLSearchParams({ [REUSE_PARAM]: expression })}`;
}
