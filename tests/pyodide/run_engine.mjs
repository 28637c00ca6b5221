// Evaluate households with the engine inside real Pyodide (Node, offline), one process for all,
// started the way the site's worker starts it: the shipped standard library and wheel.
// node run_engine.mjs <pyodide dir> <input.json> <output.json>
// input: {"stdlib": "<python_stdlib.zip>", "lock": "<pyodide-lock.json beside the wheel>",
//         "households": [{"household": {...}, "date": "YYYY-MM-DD"}]}
// output: one string per household: screener.to_json(result), or "HouseholdError <path>\n<message>".
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, inputPath, outputPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));
const py = await loadPyodide({
  indexURL: pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/",
  stdLibURL: input.stdlib,
  lockFileURL: input.lock,
  packages: ["screener"],
});
const work = "/home/pyodide/households.json";
py.FS.writeFile(work, JSON.stringify(input.households), { encoding: "utf8" });
const out = py.runPython(`
import json, sys, os
import screener
out = []
for item in json.load(open(${JSON.stringify(work)}, encoding="utf-8")):
    try:
        out.append(screener.to_json(screener.evaluate(item["household"], date=item["date"])))
    except screener.HouseholdError as e:
        out.append(f"HouseholdError {e.path}\\n{e}")
json.dumps({"python": sys.version, "platform": sys.platform, "stdlib": os.path.dirname(json.__path__[0]),
            "engine": screener.__file__, "results": out}, ensure_ascii=False)
`);
fs.writeFileSync(outputPath, out, "utf8");
