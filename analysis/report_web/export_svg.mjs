// Renders Vega-Lite specs to SVG with vega's own renderer under node (no browser):
//   node export_svg.mjs OUT_DIR SPEC.vl.json...   writes OUT_DIR/<name>.svg for each spec.
// Used by `cachestorm report --svg` (cli/report_command.cpp). Exits non-zero, naming the spec,
// on the first that does not compile or render.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

const [outDir, ...specs] = process.argv.slice(2);
for (const file of specs) {
  try {
    const compiled = vegaLite.compile(JSON.parse(readFileSync(file, 'utf8'))).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
    const svg = await view.toSVG();
    writeFileSync(join(outDir, basename(file).replace(/\.vl\.json$/, '') + '.svg'), svg);
    view.finalize();
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    process.exit(1);
  }
}
