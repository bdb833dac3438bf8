// `npm run bench -- <name>`: runs one benchmark (or all with no name) and prints its table.
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  ledger: () => import('./ledger'),
  sandbox: () => import('./sandbox'),
  import: () => import('./import'),
  redeem: () => import('./redeem'),
  email: () => import('./email'),
  http: () => import('./http'),
};

// Names are the arguments that are not flags (`--orders 20000`, `--orders=20000`) nor flag values;
// each benchmark reads its own flags from process.argv.
const args = process.argv.slice(2);
const names = args.filter((arg, i) => {
  if (arg.startsWith('-')) return false;
  const previous = args[i - 1];
  return !(previous?.startsWith('--') && !previous.includes('=') && !(arg in BENCHES));
});
const chosen = names.length > 0 ? names : Object.keys(BENCHES);
for (const name of chosen) {
  const load = BENCHES[name];
  if (!load) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n# ${name}\n`);
  await (await load()).run();
}
process.exit(0);

export {};
