// Budget fields: the number and its slider move together; "reset" puts both back to the case's values.
document.addEventListener("input", function (event) {
  var field = event.target;
  var other = document.getElementById(field.dataset.slider || field.dataset.number || "");
  if (other) { other.value = field.value; }
});
document.addEventListener("reset", function (event) {
  setTimeout(function () {
    event.target.querySelectorAll("input[data-number]").forEach(function (slider) {
      slider.value = document.getElementById(slider.dataset.number).value;
    });
  });
});
