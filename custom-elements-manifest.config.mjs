// The custom-elements manifest (custom-elements.json): every element, attribute, property,
// event, slot, CSS part and custom property, from the components' JSDoc. Editors, Storybook's
// docs pages and framework wrappers read it; package.json "customElements" points at it.
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.test.ts', 'src/components/**/*.stories.ts', 'src/components/locales/**', 'src/components/**/test-queries.ts', 'src/components/**/*-fixtures.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
