import lunr from "lunr";
document.body.dataset.x = String(typeof lunr);
