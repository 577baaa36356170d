// Company pages: the print button, hidden until there is a script to press it for.
export function startPrintButton(button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
}
