// The pipeline board: drag a card to another column to move it. Progressive enhancement only: every card has
// a stage menu and a Move button (the keyboard and no-script path); a drop fills in that menu and submits the
// same form, so HTMX (or a plain post) does the rest. Listeners sit on the document, so a swapped board needs
// no new ones.
(() => {
  let dragged = null;
  let lastMoved = null;

  const columnOf = (el) => (el instanceof Element ? el.closest(".board-column") : null);

  document.addEventListener("dragstart", (event) => {
    const card = event.target instanceof Element ? event.target.closest(".board-card.is-movable") : null;
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.organisation || "");
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    document.querySelectorAll(".board-column.is-drop-target").forEach((el) => el.classList.remove("is-drop-target"));
    dragged = null;
  });

  document.addEventListener("dragover", (event) => {
    const column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".board-column.is-drop-target").forEach((el) => {
      if (el !== column) el.classList.remove("is-drop-target");
    });
    column.classList.add("is-drop-target");
  });

  document.addEventListener("drop", (event) => {
    const column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    column.classList.remove("is-drop-target");
    const form = dragged.querySelector("form.move-form");
    const select = form ? form.querySelector("select[name=to_stage]") : null;
    if (!form || !select || select.value === column.dataset.stage) return;
    select.value = column.dataset.stage;
    lastMoved = dragged.dataset.organisation;
    form.requestSubmit();
  });

  // Keep the keyboard user's place: after a move the board is new, so focus the moved card's stage menu.
  document.addEventListener("submit", (event) => {
    const card = event.target instanceof Element ? event.target.closest(".board-card") : null;
    if (card) lastMoved = card.dataset.organisation;
  });
  document.addEventListener("htmx:afterSwap", () => {
    if (!lastMoved) return;
    const select = document.getElementById(`move-${lastMoved}`);
    const notice = document.getElementById("board-notice");
    if (select) select.focus();
    else if (notice) notice.focus();
    lastMoved = null;
  });
})();
