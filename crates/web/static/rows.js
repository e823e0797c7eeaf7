// Rows added in place, without a round trip to the server.
//
// A button `data-add="LIST" data-template="ID"` inside a form appends a copy of
// <template id="ID"> to the element `data-list="LIST"`, numbered after the
// items (`data-item`) already there: "__N__" becomes the new item's index and
// "__N1__" its number as people count, "__R__" and "__R1__" the button's
// `data-result` (the result a link row belongs to). Without this script the
// same buttons submit the form, which saves and comes back with the row added.
// A select `data-result-options` gains an option for each result added.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-add]");
  if (!button || !button.form) return;
  const list = button.form.querySelector(`[data-list="${button.dataset.add}"]`);
  const template = document.getElementById(button.dataset.template);
  if (!list || !template) return;
  event.preventDefault();
  const index = list.querySelectorAll(":scope > [data-item]").length;
  const result = button.dataset.result ?? "";
  const html = template.innerHTML
    .replaceAll("__N1__", String(index + 1))
    .replaceAll("__N__", String(index))
    .replaceAll("__R1__", result === "" ? "" : String(Number(result) + 1))
    .replaceAll("__R__", result);
  list.insertAdjacentHTML("beforeend", html);
  const added = list.lastElementChild;
  if (button.dataset.add === "results") {
    const select = button.form.querySelector("select[data-result-options]");
    if (select) {
      const option = document.createElement("option");
      option.value = String(index);
      option.textContent = `ผลข้อที่ ${index + 1}`;
      select.append(option);
    }
  }
  const first = added && added.querySelector("input, textarea");
  if (first) first.focus();
});
