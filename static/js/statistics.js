// Statistics pages: the 打印 button prints the report (A4 landscape, see statistics.css).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
