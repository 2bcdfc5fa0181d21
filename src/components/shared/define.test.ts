import { expect } from '@open-wc/testing';
import { defineOnce } from './define.js';
import { recordConsoleWarnings } from '../test-support/console-warnings.js';

/* Tag clashes: a host (or a second copy of a library) has a tag first. */
describe('defineOnce', () => {
  const warnings = recordConsoleWarnings();

  it('registers a free tag silently', () => {
    class Free extends HTMLElement {}
    defineOnce('clash-free-tag', Free);
    expect(customElements.get('clash-free-tag')).to.equal(Free);
    expect(warnings).to.deep.equal([]);
  });

  it('leaves a tag another class holds alone, and warns naming the tag', () => {
    class Foreign extends HTMLElement {}
    class Ours extends HTMLElement {}
    customElements.define('clash-taken-tag', Foreign);
    expect(() => defineOnce('clash-taken-tag', Ours)).not.to.throw();
    expect(customElements.get('clash-taken-tag')).to.equal(Foreign);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<clash-taken-tag>').and.to.contain('Foreign');
  });

  it('says nothing when the same class is registered again (the package loaded twice through one module)', () => {
    class Same extends HTMLElement {}
    defineOnce('clash-same-tag', Same);
    defineOnce('clash-same-tag', Same);
    expect(warnings).to.deep.equal([]);
  });
});
