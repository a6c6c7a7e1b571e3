// Verbinder's only script: small progressive enhancements. No inline scripts (the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Submit filter forms automatically when a select or checkbox changes (the button stays for keyboards).
  document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=checkbox]").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // Ask before an action that is hard to undo.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
