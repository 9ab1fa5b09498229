// Progressive enhancement only: every page works without this script.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // "Add another report" on the story forms: clone the last paste box, emptied.
  for (const button of document.querySelectorAll("#add-text")) {
    const fieldset = button.closest("fieldset");
    button.hidden = false;
    button.addEventListener("click", () => {
      const boxes = fieldset.querySelectorAll(".paste");
      const copy = boxes[boxes.length - 1].cloneNode(true);
      for (const field of copy.querySelectorAll("textarea, input")) field.value = "";
      const label = copy.querySelector("label");
      label.firstChild.textContent = `Report ${boxes.length + 1}`;
      fieldset.insertBefore(copy, button);
      copy.querySelector("textarea").focus();
    });
  }
  // The length menu applies itself; its button is only needed without this script.
  for (const select of document.querySelectorAll("form.length select")) {
    select.addEventListener("change", () => select.form.submit());
    const button = select.form.querySelector("button");
    if (button) button.hidden = true;
  }
});
