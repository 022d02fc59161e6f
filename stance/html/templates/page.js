(function () {
  "use strict";
  // Only DOM properties and textContent: nothing from the article is ever parsed as HTML.
  var claims = Array.prototype.slice.call(document.querySelectorAll("mark.claim"));
  var pairs = Array.prototype.slice.call(document.querySelectorAll("li.pair"));
  var list = document.getElementById("claim-pairs");

  function reset() {
    claims.forEach(function (m) {
      m.classList.remove("active");
      m.setAttribute("aria-pressed", "false");
    });
    pairs.forEach(function (li) {
      li.classList.remove("active", "related", "dimmed");
      li.querySelector(".pair-select").setAttribute("aria-pressed", "false");
    });
  }

  function claimMark(id) {
    return document.getElementById("claim-" + id);
  }

  function selectPair(li) {
    reset();
    li.classList.add("active");
    li.querySelector(".pair-select").setAttribute("aria-pressed", "true");
    [li.getAttribute("data-a"), li.getAttribute("data-b")].forEach(function (id) {
      var m = claimMark(id);
      if (m) { m.classList.add("active"); }
    });
    var first = claimMark(li.getAttribute("data-a"));
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  function selectClaim(mark) {
    reset();
    mark.classList.add("active");
    mark.setAttribute("aria-pressed", "true");
    var id = mark.getAttribute("data-claim");
    var found = pairs.filter(function (li) {
      var hit = li.getAttribute("data-a") === id || li.getAttribute("data-b") === id;
      li.classList.toggle("related", hit);
      li.classList.toggle("dimmed", !hit);
      return hit;
    });
    list.textContent = "";
    var head = document.createElement("p");
    var who = mark.querySelector(".tip").textContent;
    head.textContent = found.length
      ? "Claim " + id + " (" + who + ") is in " + found.length + " of the pairs shown:"
      : "Claim " + id + " (" + who + ") is in none of the pairs shown.";
    list.appendChild(head);
    found.forEach(function (li) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = li.querySelector(".pair-select").textContent;
      button.addEventListener("click", function () {
        selectPair(li);
        li.scrollIntoView({ block: "nearest" });
      });
      list.appendChild(button);
    });
    var all = document.createElement("button");
    all.type = "button";
    all.textContent = "Show all pairs";
    all.addEventListener("click", function () { reset(); list.textContent = ""; });
    list.appendChild(all);
  }

  pairs.forEach(function (li) {
    li.querySelector(".pair-select").addEventListener("click", function () { selectPair(li); });
  });
  claims.forEach(function (mark) {
    mark.addEventListener("click", function () { selectClaim(mark); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        selectClaim(mark);
      }
    });
  });
}());
