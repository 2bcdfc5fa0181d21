/** The text under `root`, shadow roots included: what a benchmark waits to see on screen. */
export function composedText(root: Node): string {
  let text = '';
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    const shadow = (node as Element).shadowRoot;
    if (shadow) visit(shadow);
    for (const child of Array.from(node.childNodes)) visit(child);
  };
  visit(root);
  return text;
}
