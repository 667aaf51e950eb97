/**
 * Remembers a pure function's answers by key, for a hot path that sees few distinct keys (statement texts,
 * encrypted secrets) and would otherwise recompute per call. Past `maxKeys` it forgets everything and starts
 * over: a bound, not a policy, since the keys in use come back at once.
 */
export function boundedMemo<T>(compute: (key: string) => T, maxKeys = 1000): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      if (answers.size >= maxKeys) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}
