// Inserts text at the caret of the first textarea (or input) inside `container`, with a space on either side where needed,
// and tells Blazor the value changed. Returns the new value (or null when there is no field).
export function insertAtCaret(container, text) {
    const field = container?.querySelector('textarea, input');
    if (!field) {
        return null;
    }

    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    const before = field.value.slice(0, start);
    const after = field.value.slice(end);
    const insert = (before.length && !/\s$/.test(before) ? ' ' : '') + text + (after.length && !/^[\s,.!?;:]/.test(after) ? ' ' : '');
    field.value = before + insert + after;
    const caret = before.length + insert.length;
    field.focus();
    field.setSelectionRange(caret, caret);
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
    return field.value;
}
