// One progress line each twentieth of the work, with its rate: long seeds and replays show they
// are moving without flooding the output.
export function progressBar(
  what: string,
  total: number,
  print: (line: string) => void,
): (done: number) => void {
  const started = performance.now();
  let printed = -1;
  return (done) => {
    const twentieths = total > 0 ? Math.min(20, Math.floor((done * 20) / total)) : 20;
    if (twentieths <= printed) return;
    printed = twentieths;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds).toLocaleString("en-US") : "-";
    const bar = `${"=".repeat(twentieths)}${" ".repeat(20 - twentieths)}`;
    print(
      `  ${what} [${bar}] ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}, ${seconds.toFixed(1)} s, ${rate}/s`,
    );
  };
}
