/**
 * Names for the demo register: common German given and family names across generations, with
 * umlauts, ß and double names, so that search, sorting and CSV exports meet real-world spelling.
 */
export const GIVEN_NAMES: readonly string[] = (
  'Anna, Emma, Mia, Hannah, Lea, Sophie, Marie, Lena, Laura, Julia, Katharina, Johanna, ' +
  'Charlotte, Clara, Frieda, Greta, Ida, Luise, Mathilda, Paula, Sabine, Petra, Monika, ' +
  'Ursula, Renate, Gabriele, Karin, Brigitte, Ingrid, Helga, Birgit, Claudia, Susanne, Andrea, ' +
  'Nicole, Stefanie, Kerstin, Silke, Anja, Heike, Sandra, Tanja, Jana, Nadine, Christina, ' +
  'Melanie, Doreen, Ramona, Yvonne, Manuela, Jürgen, Günter, Jörg, Björn, Sören, Jürgen-Peter, ' +
  'Hans-Jürgen, Karl-Heinz, Anna-Lena, Marie-Luise, Änne, Gülay, Özlem, Zoë, Rüdiger, Dörte, ' +
  'Bärbel, Jörn, Götz, Lüder, Thomas, Michael, Andreas, Stefan, Christian, Frank, Markus, ' +
  'Peter, Wolfgang, Klaus, Uwe, Ralf, Dirk, Holger, Matthias, Sven, Torsten, Jens, Carsten, ' +
  'Oliver, Alexander, Daniel, Tobias, Florian, Sebastian, Philipp, Jan, Tim, Lukas, Felix, ' +
  'Jonas, Leon, Paul, Maximilian, Niklas, Elias, Noah, Ben, Finn, Moritz, Heinrich, Friedrich, ' +
  'Wilhelm, Hermann, Ernst, Otto, Gerhard, Horst, Dieter, Manfred, Detlef, Bernd, Rainer, ' +
  'Volker, Gregor, Konstantin, Benedikt, Vincent, Anton, Emil, Mehmet, Ayşe, Aleksandra, ' +
  'Katarzyna, Dmitri, Natalia, Giulia, Luca, Ana, Mariana, Sophia, Emilia, Ella, Amelie, ' +
  'Leonie, Nele, Pia, Theresa, Franziska, Magdalena'
).split(', ');

export const FAMILY_NAMES: readonly string[] = (
  'Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, ' +
  'Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, ' +
  'Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Schmitz, Krause, Meier, Lehmann, Schmid, ' +
  'Schulze, Maier, Köhler, Herrmann, König, Walter, Mayer, Huber, Kaiser, Fuchs, Peters, Lang, ' +
  'Scholz, Möller, Weiß, Jung, Hahn, Schubert, Vogel, Friedrich, Keller, Günther, Frank, ' +
  'Berger, Winkler, Roth, Beck, Lorenz, Baumann, Franke, Albrecht, Schuster, Simon, Ludwig, ' +
  'Böhm, Winter, Kraus, Martin, Schumacher, Krämer, Vogt, Stein, Jäger, Otto, Sommer, Groß, ' +
  'Seidel, Heinrich, Brandt, Haas, Schreiber, Graf, Schulte, Dietrich, Ziegler, Kuhn, Kühn, ' +
  'Pohl, Engel, Horn, Busch, Bergmann, Thomas, Voigt, Sauer, Arnold, Wolff, Pfeiffer, Strauß, ' +
  'Voß, Weißenborn, Großmann, Preuß, Nußbaum, Süß, Rößler, Gößling, Fußmann, ' +
  'Müller-Lüdenscheidt, Schmidt-Rottluff, Meyer-Bode, Schulze-Dünkel, Krüger-Hansen, Öztürk, ' +
  'Yılmaz, Kowalski, Nowak, Wiśniewska, Petrović, Rossi, Ferreira, Ivanova, Çelik, von Ahlen, ' +
  'von der Heide, zu Stolberg, de Vries, van Dijk, Ostermann, Uhlig, Ebert, Thiele, Böttcher, ' +
  'Förster, Göbel, Hübner, Lübke, Dühring, Brückner, Schütz, Wendt, Kröger, Ahrens, Janßen, ' +
  'Claßen, Eßer, Frößl, Mößner'
).split(', ');

/** Folds a name for an e-mail address: ä → ae, ß → ss, other accents dropped, spaces and marks out. */
export function mailPart(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('ı', 'i')
    .replace(/[^a-z0-9-]+/g, '');
}
