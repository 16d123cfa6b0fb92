/** The value kept for `key`, made by `make` the first time it is asked for. */
export function memo<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V;
export function memo<K, V>(cache: Map<K, V>, key: K, make: () => V): V;
export function memo<K extends object, V>(cache: Map<K, V> | WeakMap<K, V>, key: K, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = make()));
  return v;
}
