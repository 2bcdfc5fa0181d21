// A rollup plugin that minifies the HTML and CSS inside Lit's html`` and css`` templates
// (minify-literals 1.0: html-minifier-terser and clean-css; pinned below 2, which needs
// Node 22 while this project supports Node 20), as lit.dev advises for
// production. Used by the library build, so hosts get small templates whatever their
// bundler does, and by the size check, which measures that same output.
import { minifyHTMLLiterals } from 'minify-literals';

export function minifyTemplates({ include = /\/src\/components\/.*\.[jt]s$/ } = {}) {
  return {
    name: 'minify-templates',
    async transform(code, id) {
      if (!include.test(id) || !/\b(html|css|svg)\s*`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id });
      return result ? { code: result.code, map: result.map } : null;
    },
  };
}
