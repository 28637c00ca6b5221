// Evaluate households with the engine inside real Pyodide (Node, offline), one process for all.
// node run_engine.mjs <pyodide dir> <input.json> <output.json>
// input: {"files": {"screener/engine.py": "<text>", ...}, "households": [{"household": {...}, "date": "YYYY-MM-DD"}]}
// output: one string per household: screener.to_json(result), or "HouseholdError <path>\n<message>".
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, inputPath, outputPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/" });
const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));
const root = "/home/pyodide/engine";
for (const [rel, text] of Object.entries(input.files)) {
  const target = `${root}/${rel}`;
  py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
  py.FS.writeFile(target, text, { encoding: "utf8" });
}
py.FS.writeFile(`${root}/households.json`, JSON.stringify(input.households), { encoding: "utf8" });
const out = py.runPython(`
import json, sys
sys.path.insert(0, ${JSON.stringify(root)})
import screener
screener.use_bundle(${JSON.stringify(root + "/screener/data/bundle.json")})
out = []
for item in json.load(open(${JSON.stringify(root + "/households.json")}, encoding="utf-8")):
    try:
        out.append(screener.to_json(screener.evaluate(item["household"], date=item["date"])))
    except screener.HouseholdError as e:
        out.append(f"HouseholdError {e.path}\\n{e}")
json.dumps({"python": sys.version, "platform": sys.platform, "results": out}, ensure_ascii=False)
`);
fs.writeFileSync(outputPath, out, "utf8");
