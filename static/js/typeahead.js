/* The header search box as an ARIA 1.2 combobox over the suggestions htmx loads into its
 * listbox. Progressive enhancement: without this file the suggestions are plain links and
 * Enter submits the form to the full results page.
 * Keys: Down/Up move through the options, Enter opens the highlighted one (or, with none
 * highlighted, searches everything), Escape closes the list (a second Escape clears the box).
 */
(function () {
  "use strict";

  var enhanced = new WeakSet();

  function enhance(input) {
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    if (!listbox || enhanced.has(input)) return;
    enhanced.add(input);
    var active = -1;

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll('[role="option"]'));
    }

    function isOpen() {
      return input.getAttribute("aria-expanded") === "true";
    }

    // Wraps around: -1 is the last option (Up with none highlighted).
    function highlight(index) {
      var all = options();
      active = all.length ? (index + all.length) % all.length : -1;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        option.classList.toggle("active", i === active);
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", all[active].id);
        all[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function unhighlight() {
      active = -1;
      options().forEach(function (option) {
        option.setAttribute("aria-selected", "false");
        option.classList.remove("active");
      });
      input.removeAttribute("aria-activedescendant");
    }

    function open() {
      var hasContent = listbox.children.length > 0;
      input.setAttribute("aria-expanded", hasContent ? "true" : "false");
      listbox.classList.toggle("open", hasContent);
    }

    function close() {
      input.setAttribute("aria-expanded", "false");
      listbox.classList.remove("open");
      unhighlight();
    }

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options().length) return;
        event.preventDefault();
        if (!isOpen()) open();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight(active < 0 && step < 0 ? -1 : active + step);
      } else if (event.key === "Enter") {
        var option = options()[active];
        if (isOpen() && option) {
          event.preventDefault();
          window.location.assign(option.href);
        }
      } else if (event.key === "Escape") {
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          listbox.innerHTML = "";
        }
      }
    });

    // New suggestions arrived: show them. A highlighted option that is still offered stays
    // highlighted, so a late answer to an earlier keystroke never moves what Enter opens.
    listbox.addEventListener("htmx:afterSwap", function () {
      var kept = input.getAttribute("aria-activedescendant");
      var index = options().findIndex(function (option) {
        return option.id === kept;
      });
      open();
      if (index >= 0) highlight(index);
      else unhighlight();
    });

    // Typing after Escape opens the list again once htmx has fetched it.
    input.addEventListener("focus", function () {
      if (listbox.children.length) open();
    });

    // Keep the focus in the box while an option is clicked, so the list stays open for it.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    // Leaving the search form (Tab, or a click elsewhere) closes the list.
    input.form.addEventListener("focusout", function (event) {
      if (!input.form.contains(event.relatedTarget)) close();
    });
    input.form.closeSuggestions = close;
  }

  // A click anywhere outside a search form closes its list.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("input[data-typeahead]").forEach(function (input) {
      if (input.form.closeSuggestions && !input.form.contains(event.target)) {
        input.form.closeSuggestions();
      }
    });
  });

  function enhanceAll() {
    document.querySelectorAll("input[data-typeahead]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
  // htmx's back button puts a saved copy of the page in place: new elements to enhance.
  document.addEventListener("htmx:historyRestore", enhanceAll);
})();
