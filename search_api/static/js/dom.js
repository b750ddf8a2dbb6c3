// Build DOM from data without ever parsing it as HTML: every value becomes a text node.

/** h("a", {href: "/x", class: "y"}, "text", child) -> element. Children: strings, nodes, arrays, null. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

/** Append strings (as text) and nodes, flattening arrays and skipping empty values. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace all children of a node. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** Text with the given sentences wrapped in <mark>, as a fragment of text nodes. */
export function highlighted(text, sentences) {
  const fragment = document.createDocumentFragment();
  const spans = [];
  for (const sentence of sentences || []) {
    const at = sentence ? text.indexOf(sentence) : -1;
    if (at >= 0) spans.push([at, at + sentence.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let pos = 0;
  for (const [start, end] of spans) {
    if (start < pos) continue;
    fragment.append(document.createTextNode(text.slice(pos, start)));
    fragment.append(h("mark", {}, text.slice(start, end)));
    pos = end;
  }
  fragment.append(document.createTextNode(text.slice(pos)));
  return fragment;
}
