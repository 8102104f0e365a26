import { nameAddressKey } from '../sampling/personIdentity.js';
import type { ResponseRecord } from './types.js';

/**
 * Groups responses by the person who gave them. A person is known by any of their phone numbers or their ID number,
 * so a phone on a paper form and the same phone with an ID number on Hue-S join one person (union–find over the
 * identifiers); with neither, by name and address as the draw knows them. Returns a person id per response key;
 * responses with no identifier are nobody's (absent).
 */
export function personOfResponses(responses: readonly ResponseRecord[]): Map<string, number> {
  const parent: number[] = [];
  const idOf = new Map<string, number>();
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const identifiersOf = (r: ResponseRecord) => {
    const known = [...r.phones.map((p) => `phone:${p}`), ...(r.idNumber ? [`id:${r.idNumber}`] : [])];
    const byName = known.length ? null : nameAddressKey(r.name, r.address);
    return byName ? [byName] : known;
  };
  for (const response of responses) {
    let first: number | undefined;
    for (const identifier of identifiersOf(response)) {
      let id = idOf.get(identifier);
      if (id === undefined) {
        id = parent.length;
        parent.push(id);
        idOf.set(identifier, id);
      }
      if (first === undefined) first = id;
      else parent[find(id)] = find(first);
    }
  }
  const person = new Map<string, number>();
  for (const response of responses) {
    const [identifier] = identifiersOf(response);
    if (identifier !== undefined) person.set(response.key, find(idOf.get(identifier)!));
  }
  return person;
}
