/*
 * Test-only queries that find elements the way assistive technology does: by role and
 * accessible name, across shadow roots. Small on purpose: it knows the roles these
 * components use, not the whole of ARIA.
 */

/** Every element under `root`, descending into open shadow roots, in document order. */
export function deepElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  const visit = (node: ParentNode) => {
    for (const el of node.children ? [...node.children] : []) {
      out.push(el);
      if (el.shadowRoot) visit(el.shadowRoot);
      visit(el);
    }
  };
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return out;
}

const IMPLICIT: Record<string, (el: Element) => string | undefined> = {
  BUTTON: () => 'button',
  SELECT: (el) => ((el as HTMLSelectElement).multiple ? 'listbox' : 'combobox'),
  TEXTAREA: () => 'textbox',
  UL: () => 'list',
  OL: () => 'list',
  LI: () => 'listitem',
  FIELDSET: () => 'group',
  DL: () => undefined,
  SECTION: (el) => (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : undefined),
  INPUT: (el) => {
    const type = (el as HTMLInputElement).type;
    if (type === 'radio') return 'radio';
    if (type === 'checkbox') return 'checkbox';
    if (type === 'button' || type === 'submit') return 'button';
    return 'textbox';
  },
  H1: () => 'heading',
  H2: () => 'heading',
  H3: () => 'heading',
  H4: () => 'heading',
};

export function roleOf(el: Element): string | undefined {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit.split(/\s+/)[0];
  return IMPLICIT[el.tagName]?.(el);
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Visible-to-AT text of a subtree: skips aria-hidden parts, follows into shadow roots. */
function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element)) return '';
  if (node.getAttribute('aria-hidden') === 'true' || (node as HTMLElement).hidden) return '';
  const children = node.shadowRoot ? [...node.shadowRoot.childNodes] : [...node.childNodes];
  return children.map(textOf).join(' ');
}

export function accessibleName(el: Element): string {
  const labelledby = el.getAttribute('aria-labelledby');
  if (labelledby) {
    const root = el.getRootNode() as Document | ShadowRoot;
    return squash(
      labelledby
        .split(/\s+/)
        .map((id) => root.getElementById(id))
        .map((ref) => (ref ? textOf(ref) : ''))
        .join(' '),
    );
  }
  const label = el.getAttribute('aria-label');
  if (label) return squash(label);
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length) return squash([...labels].map(textOf).join(' '));
  if (el.tagName === 'FIELDSET') {
    const legend = el.querySelector(':scope > legend');
    if (legend) return squash(textOf(legend));
  }
  const role = roleOf(el);
  if (role && ['button', 'heading', 'link', 'menuitem', 'radio', 'option', 'tab', 'listitem', 'status', 'alert'].includes(role)) return squash(textOf(el));
  return '';
}

export function allByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  return deepElements(root).filter((el): el is HTMLElement => {
    if (roleOf(el) !== role) return false;
    if (name === undefined) return true;
    const actual = accessibleName(el);
    return typeof name === 'string' ? actual === name : name.test(actual);
  });
}

/** The one element with this role (and name); throws a readable error otherwise. */
export function getByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement {
  const found = allByRole(root, role, name);
  if (found.length !== 1) {
    const names = allByRole(root, role).map((el) => JSON.stringify(accessibleName(el)));
    throw new Error(`Expected one ${role}${name === undefined ? '' : ` named ${String(name)}`}, found ${found.length}. ${role}s present: ${names.join(', ') || 'none'}`);
  }
  return found[0]!;
}

export function queryByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement | undefined {
  return allByRole(root, role, name)[0];
}

export const getButton = (root: ParentNode, name: string | RegExp): HTMLButtonElement => getByRole(root, 'button', name) as HTMLButtonElement;

/** The focused element, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Whether focus is on `el` or inside it (through shadow roots). */
export function focusWithin(el: Element): boolean {
  let active: Element | null = document.activeElement;
  while (active) {
    if (active === el) return true;
    active = active.shadowRoot?.activeElement ?? null;
  }
  return false;
}
