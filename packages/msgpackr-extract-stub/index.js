// msgpackr uses its optional native extractor when this exports one; exporting null keeps its pure-JS decoder.
module.exports = null;
