/**
 * Registers a component under its default tag unless that tag is taken, so that loading
 * the package twice (or a host that registered its own class there) does not throw. A tag
 * taken by another class is named in a console warning: our elements that render that tag
 * would show the other element inside them. Hosts wanting another tag name import the
 * class and call `customElements.define` themselves.
 */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, ctor);
    return;
  }
  if (existing !== ctor) {
    console.warn(
      `workspace-chat: <${tag}> is already defined by another class (${existing.name || 'anonymous'}), so workspace-chat's ${ctor.name} was not registered; ` +
        `workspace-chat elements that render <${tag}> will show that element instead. Load one copy of workspace-chat, or rename the other element.`,
    );
  }
}
