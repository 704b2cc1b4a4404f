// How request rules match `string.pattern`: with V8's RegExp, not protovalidate's default RE2
// port. Measured on a CreateOrder of three lines, the port's DFA took most of the check's CPU
// (bench:server, "request rules, in-process"). RE2's guarantee is linear time whatever the
// pattern; ours come only from our own contracts (no rule builds a pattern from input), and
// contract-regex.unit.spec.ts holds every one of them to shapes that V8 also matches in linear
// time: anchored, no quantified group that itself holds an unbounded quantifier.

/** Compiled patterns; a contract has a few dozen, the bound only guards against misuse. */
const cache = new Map<string, RegExp>();
const cacheLimit = 1024;

export function contractRegexMatch(pattern: string, against: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    if (cache.size >= cacheLimit) cache.clear();
    // The u flag gives \p{..} classes and code point matching, as RE2 has on UTF-8.
    re = new RegExp(pattern, "u");
    cache.set(pattern, re);
  }
  return re.test(against);
}

/**
 * Whether V8 matches `pattern` in linear time: anchored at both ends, and no group that holds an
 * unbounded quantifier is itself repeated more than once (the shape of catastrophic
 * backtracking).
 */
export function isLinearPattern(pattern: string): boolean {
  const anchored = pattern.startsWith("^") && pattern.endsWith("$");
  const repeatedGroup = /\([^()]*[*+][^()]*\)(?:[*+]|\{\d*,)/;
  return anchored && !repeatedGroup.test(pattern);
}
