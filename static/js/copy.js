// An enhancement: a button that copies a link. Without scripts the link stays selectable and
// the button stays hidden.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const target = document.querySelector(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  if (!target || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(target.href || target.textContent);
      if (status) status.textContent = button.dataset.copied;
    } catch (error) {
      // Refused by the browser: the link is still there to select by hand.
    }
  });
});
