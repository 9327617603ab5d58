// Small browser helpers the Blazor page calls: keyboard use of the composer, scrolling, theme.
window.chatUi = {
  // Enter sends and Shift+Enter starts a new line, as in every chat; an IME composition is left alone.
  bindComposer(textarea) {
    textarea.addEventListener("keydown", event => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        textarea.form.requestSubmit();
      }
    });
  },
  focus(element) {
    element?.focus();
  },
  // Follows the answer while it streams, unless the reader has scrolled up to read.
  scrollToEnd(element) {
    if (element && element.scrollHeight - element.scrollTop - element.clientHeight < 160) {
      element.scrollTop = element.scrollHeight;
    }
  },
  toggleTheme() {
    const theme = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = theme;
    localStorage.setItem("inferenceaspire.chat.theme", theme);
  },
};

// Escape stops the answer from anywhere on the page.
document.addEventListener("keydown", event => {
  if (event.key === "Escape") {
    document.getElementById("stop")?.click();
  }
});
