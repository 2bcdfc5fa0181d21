/**
 * Registers a component under its default tag unless that tag is taken, so that loading
 * the package twice (or a host that registered its own class there) does not throw. A tag
 * taken by another class is named in a console warning: our elements that render that tag
 * would show the other element inside them. Hosts that need other tag names register the
 * elements under a prefix instead (`defineWorkspaceChat`, workspace-chat/components/define).
 */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, ctor);
  else if (existing !== ctor) {
    // Kept short: every page carries it (the agent desktop has a byte budget).
    console.warn(`workspace-chat: <${tag}> is taken by ${existing.name || 'another class'}, so ours is not registered (see defineWorkspaceChat)`);
  }
}
