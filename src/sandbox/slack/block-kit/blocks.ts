import { checkArray, checkBoolean, checkString, isObject, onlyKnown, type Findings, type Json } from './findings.ts';
import { checkText, checkTextObject } from './text.ts';
import { ACCESSORY, IN_ACTIONS, IN_INPUT, checkElement } from './elements.ts';

export type Surface = 'message' | 'modal' | 'home';

type BlockCheck = (f: Findings, b: Json, at: string, actionIds: Map<string, string>) => void;

/** The block types the emulator knows, their properties, and the surfaces that accept them. */
const BLOCKS: Record<string, { props: string[]; surfaces: Surface[]; check: BlockCheck }> = {
  section: {
    props: ['type', 'block_id', 'text', 'fields', 'accessory', 'expand'],
    surfaces: ['message', 'modal', 'home'],
    check: (f, b, at, ids) => {
      if (b.text === undefined && b.fields === undefined) f.add(at, 'must provide text or fields');
      checkText(f, b, 'text', at, { max: 3000 });
      checkArray(f, b, 'fields', at, { min: 1, max: 10 }).forEach((t, i) => checkTextObject(f, t, `${at}/fields/${i}`, { max: 2000 }));
      if (b.accessory !== undefined) checkElement(f, b.accessory, `${at}/accessory`, ACCESSORY, ids);
      checkBoolean(f, b, 'expand', at);
    },
  },
  header: {
    props: ['type', 'block_id', 'text'],
    surfaces: ['message', 'modal', 'home'],
    check: (f, b, at) => checkText(f, b, 'text', at, { max: 150, plainOnly: true, required: true }),
  },
  context: {
    props: ['type', 'block_id', 'elements'],
    surfaces: ['message', 'modal', 'home'],
    check: (f, b, at, ids) => checkArray(f, b, 'elements', at, { min: 1, max: 10, required: true }).forEach((e, i) => {
      const eat = `${at}/elements/${i}`;
      if (isObject(e) && e.type === 'image') checkElement(f, e, eat, ['image'], ids);
      else checkTextObject(f, e, eat, { max: 3000 });
    }),
  },
  actions: {
    props: ['type', 'block_id', 'elements'],
    surfaces: ['message', 'modal', 'home'],
    check: (f, b, at, ids) => checkArray(f, b, 'elements', at, { min: 1, max: 25, required: true }).forEach((e, i) => checkElement(f, e, `${at}/elements/${i}`, IN_ACTIONS, ids)),
  },
  divider: { props: ['type', 'block_id'], surfaces: ['message', 'modal', 'home'], check: () => undefined },
  image: {
    props: ['type', 'block_id', 'image_url', 'slack_file', 'alt_text', 'title'],
    surfaces: ['message', 'modal', 'home'],
    check: (f, b, at) => {
      checkString(f, b, 'alt_text', at, { max: 2000, required: true });
      if (b.image_url === undefined && b.slack_file === undefined) f.add(at, 'missing required field: image_url');
      checkString(f, b, 'image_url', at, { max: 3000 });
      checkText(f, b, 'title', at, { max: 2000, plainOnly: true });
    },
  },
  input: {
    props: ['type', 'block_id', 'label', 'element', 'dispatch_action', 'hint', 'optional'],
    surfaces: ['message', 'modal', 'home'],
    check: (f, b, at, ids) => {
      checkText(f, b, 'label', at, { max: 2000, plainOnly: true, required: true });
      checkText(f, b, 'hint', at, { max: 2000, plainOnly: true });
      checkBoolean(f, b, 'optional', at);
      checkBoolean(f, b, 'dispatch_action', at);
      if (b.element === undefined) f.add(at, 'missing required field: element');
      else checkElement(f, b.element, `${at}/element`, IN_INPUT, ids);
    },
  },
  markdown: {
    props: ['type', 'block_id', 'text'],
    surfaces: ['message'],
    check: (f, b, at) => checkString(f, b, 'text', at, { max: 12000, required: true }),
  },
  // Rich text is posted by people, rarely by apps; the emulator checks only its outline.
  rich_text: {
    props: ['type', 'block_id', 'elements'],
    surfaces: ['message', 'modal', 'home'],
    check: (f, b, at) => void checkArray(f, b, 'elements', at, { max: 1000, required: true }),
  },
};

/** Checks a blocks array for one surface; `at` is its pointer (/blocks or /view/blocks). */
export function checkBlocks(f: Findings, blocks: unknown, at: string, surface: Surface, maxBlocks: number): void {
  if (!Array.isArray(blocks)) return f.add(at, 'must provide an array');
  if (blocks.length > maxBlocks) f.add(at, `no more than ${maxBlocks} items allowed`);
  const blockIds = new Map<string, string>();
  blocks.forEach((b, i) => {
    const bat = `${at}/${i}`;
    if (!isObject(b)) return f.add(bat, 'must provide an object');
    const spec = typeof b.type === 'string' ? BLOCKS[b.type] : undefined;
    if (!spec) return f.add(`${bat}/type`, `unsupported block type: ${String(b.type)}`);
    if (!spec.surfaces.includes(surface)) return f.add(`${bat}/type`, `block type ${b.type} is not supported in a ${surface}`);
    onlyKnown(f, b, spec.props, bat);
    checkString(f, b, 'block_id', bat, { max: 255 });
    if (typeof b.block_id === 'string') {
      const first = blockIds.get(b.block_id);
      if (first !== undefined) f.add(`${bat}/block_id`, `duplicate block_id: ${b.block_id} (also at ${first})`);
      else blockIds.set(b.block_id, bat);
    }
    // action_id must be unique among the elements of one block.
    spec.check(f, b, bat, new Map());
  });
}
