/**
 * Registers a component under its default tag unless that tag is taken, so that loading
 * the package twice (or a host that registered its own class there) does not throw.
 * Hosts wanting another tag name import the class and call `customElements.define`.
 */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
