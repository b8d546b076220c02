// Imported for its effect by every entry point (HTTP apps, CLIs): zod's own messages (« date et heure ISO
// invalide », « Trop petit… ») reach users wherever a schema gives none of its own, so they must be French.
import { z } from 'zod';

z.config(z.locales.fr());
