/**
 * Placeholder until the counting API lands (another engineer is building it): the route,
 * the roles and the navigation exist, so the screen plugs in without touching the frame.
 */
export function CountingScreen() {
  return (
    <div>
      <div className="page-title">
        <h1>Dépouillement</h1>
        <span className="badge">bientôt disponible</span>
      </div>
      <section className="placeholder" aria-labelledby="counting-soon">
        <h2 id="counting-soon">Feuilles de pointage : en préparation</h2>
        <p>
          Cet écran accueillera la saisie des feuilles de pointage par les assesseurs, dès que le service de dépouillement de la station sera
          livré. Rien n’est à saisir ici pour l’instant : continuez sur papier.
        </p>
        <p>Ce qu’il permettra, urne par urne :</p>
        <ol>
          <li>saisir les enveloppes trouvées, les bulletins valables, blancs et nuls, et les voix de chaque candidat ;</li>
          <li>faire saisir la même feuille une seconde fois par un autre assesseur (double saisie) ;</li>
          <li>surligner chaque écart entre les deux saisies jusqu’à sa résolution ;</li>
          <li>contrôler les totaux (voix ≤ bulletins valables × sièges) avant l’envoi au président.</li>
        </ol>
      </section>
    </div>
  );
}
