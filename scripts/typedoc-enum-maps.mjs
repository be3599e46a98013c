// @ts-check
/**
 * TypeDoc plugin: the key-equals-value maps that zod keeps inside an enum's type (`{ name: "name"; email: "email" }`,
 * seen in `operationTables` through the generated validators) document themselves. Each property of such a map gets
 * the comment "The enum value `x`.", so the documentation check (`requiredToBeDocumented` includes `Property`) stays
 * strict for every property written by hand.
 *
 * A map is a type literal whose properties are all either typed by the literal of their own name, or typed `...`
 * (TypeDoc's marker for a type it stopped expanding, which it uses for deep enum maps).
 */
import { Comment, Converter, LiteralType, ReflectionKind, UnknownType } from 'typedoc';

/** @param {import('typedoc').Reflection} ref */
function isEnumEntry(ref) {
  if (!ref.kindOf(ReflectionKind.Property) || !('type' in ref)) return false;
  const type = ref.type;
  if (type instanceof LiteralType) return String(type.value) === ref.name;
  return type instanceof UnknownType && type.name === '...';
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const literal of context.project.getReflectionsByKind(ReflectionKind.TypeLiteral)) {
      const members = 'children' in literal ? (literal.children ?? []) : [];
      if (members.length === 0 || !members.every(isEnumEntry)) continue;
      for (const ref of members) {
        if (ref.hasComment()) continue;
        ref.comment = new Comment([
          { kind: 'text', text: 'The enum value ' },
          { kind: 'code', text: `\`${ref.name}\`` },
          { kind: 'text', text: '.' },
        ]);
      }
    }
  });
}
